/** The click stream in Redis: the edge appends click and orphan events, the aggregator reads them. */
package io.cligs.store.click;
