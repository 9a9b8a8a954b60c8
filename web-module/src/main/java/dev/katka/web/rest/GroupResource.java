package dev.katka.web.rest;

import dev.katka.admin.GroupAdmin;
import dev.katka.admin.GroupDetail;
import dev.katka.admin.GroupSummary;
import dev.katka.admin.OffsetReset;
import dev.katka.admin.PartitionLag;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Consumer groups: state, members, lag; reset offsets and delete. */
@Path("v1/groups")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "groups", description = "Consumer groups, their offsets and lag")
public class GroupResource {

    @EJB
    private GroupAdmin groups;

    @GET
    @Operation(summary = "Every consumer group with its state, member count and total lag")
    public List<GroupSummary> list() {
        return groups.groups();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A group's members and assignments, committed offsets and lag per partition")
    public GroupDetail group(@PathParam("id") String id) {
        return groups.group(id);
    }

    @POST
    @Path("{id}/offsets/reset")
    @Operation(summary = "Move the committed offsets to earliest, latest, a timestamp or an offset (only while the group has no members)")
    public List<PartitionLag> resetOffsets(@PathParam("id") String id, OffsetReset reset) {
        return groups.resetOffsets(id, reset);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a group without members, with its committed offsets")
    public Response delete(@PathParam("id") String id) {
        groups.delete(id);
        return Response.noContent().build();
    }
}
