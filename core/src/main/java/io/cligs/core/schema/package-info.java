/** The MySQL schema, applied with Flyway (migrations under {@code db/migration}). */
package io.cligs.core.schema;
