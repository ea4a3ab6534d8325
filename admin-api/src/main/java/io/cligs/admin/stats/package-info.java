/**
 * The stats API: a link's clicks, uniques and breakdowns per UTC day, and the unknown slugs most asked
 * for, read only from the rollups that {@code io.cligs.admin.aggregate} writes.
 */
package io.cligs.admin.stats;
