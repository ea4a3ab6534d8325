package io.cligs.loader.importing;

/** Thrown by the hidden {@code --abort-after-batches} test option: the import stops as if killed. */
final class InterruptedImportException extends RuntimeException {

    InterruptedImportException(long batches) {
        super("import interrupted on purpose after " + batches + " committed batches (--abort-after-batches)");
    }
}
