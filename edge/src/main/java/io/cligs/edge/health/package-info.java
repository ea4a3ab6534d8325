/** Liveness and readiness endpoints of the edge. */
package io.cligs.edge.health;
