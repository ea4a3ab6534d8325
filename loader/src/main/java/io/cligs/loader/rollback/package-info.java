/** {@code loader rollback}: links back to what they were at a point in time, through the store's link write. */
package io.cligs.loader.rollback;
