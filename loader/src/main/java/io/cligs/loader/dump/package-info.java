/**
 * Reading a legacy export (shared/legacy/FORMAT.md): the MANIFEST, gzipped {@code SELECT ... INTO
 * OUTFILE} files streamed line by line with their escapes, and legacy DATETIMEs turned into UTC.
 */
package io.cligs.loader.dump;
