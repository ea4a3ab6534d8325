/** The edge's configuration: every {@code CLIG_*} variable it reads, validated and printed at start. */
package io.cligs.edge.config;
