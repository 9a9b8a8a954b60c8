package dev.katka.metadata;

/**
 * A metadata record with its place in the metadata log.
 *
 * @param version         the image version this record produces; versions are consecutive
 * @param controllerEpoch the epoch of the controller that wrote it; a broker refuses records from
 *                        an epoch below the highest it has seen
 */
public record MetadataLogEntry(long version, int controllerEpoch, MetadataRecord record) {
}
