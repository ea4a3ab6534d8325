/** The edge: {@link io.cligs.edge.Main} and the assembly of one running edge ({@link io.cligs.edge.Edge}). */
package io.cligs.edge;
