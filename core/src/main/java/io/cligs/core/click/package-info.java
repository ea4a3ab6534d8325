/**
 * Click and orphan events as they travel from the edge to the aggregator: the records, their Redis
 * Stream field encoding ({@link io.cligs.core.click.StreamEventCodec}), the cropping of visitor-supplied
 * text ({@link io.cligs.core.click.EventText}) and the salted visitor hash ({@link io.cligs.core.click.VisitorHash}).
 * The edge writes this format and the aggregator reads it; this package is its one home.
 */
package io.cligs.core.click;
