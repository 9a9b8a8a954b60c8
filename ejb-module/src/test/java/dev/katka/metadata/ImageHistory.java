package dev.katka.metadata;

import java.util.List;

/**
 * The metadata log as one broker applies it, for tests: records become entries with the next
 * version and the current controller epoch, applied to the image in order. Not thread-safe.
 */
final class ImageHistory {

    private MetadataImage image = MetadataImage.EMPTY;
    private int controllerEpoch = 1;

    MetadataImage image() {
        return image;
    }

    /** A new controller took office: the next records carry a higher epoch. */
    void newController() {
        controllerEpoch++;
    }

    /** Applies the records as the next entries of the log; returns the image after the last. */
    MetadataImage apply(MetadataRecord... records) {
        return apply(List.of(records));
    }

    MetadataImage apply(List<MetadataRecord> records) {
        for (MetadataRecord record : records) {
            image = image.apply(new MetadataLogEntry(image.version() + 1, controllerEpoch, record));
        }
        return image;
    }
}
