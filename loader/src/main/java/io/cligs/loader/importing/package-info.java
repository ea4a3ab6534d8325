/**
 * {@code loader import DIR}: a legacy dump into MySQL. Users, cligs, Right Clig rules and API keys,
 * each streamed, checked with core's domain rules, and written in batched multi-row upserts
 * committed per batch (idempotent, so an interrupted import is simply run again). Every row that
 * cannot be imported goes to the rejects file with its reason. Each table describes itself
 * ({@code TableSpec}, and {@code Keyed} for tables with one more unique key); one procedure
 * ({@code TableImport}) runs any description, handing immutable batches to one writer thread
 * ({@code Committer}) and counting the immutable outcomes it hands back.
 */
package io.cligs.loader.importing;
