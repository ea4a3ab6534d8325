/**
 * The click aggregator: reads the click streams through a consumer group, classifies user agents, and
 * rolls events up into MySQL exactly once (ADRs 0014, 0017), for the stats API to read.
 */
package io.cligs.admin.aggregate;
