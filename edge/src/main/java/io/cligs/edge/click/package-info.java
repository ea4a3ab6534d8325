/**
 * Click events: what the redirect path records for every redirect and every unknown slug
 * ({@link io.cligs.edge.click.ClickEvent}), the lock-free queue it hands them to
 * ({@link io.cligs.edge.click.ClickPipeline}), the worker that turns them into stream events and ships
 * them to Redis ({@link io.cligs.edge.click.ClickDrainer}), and the local journal that keeps what Redis
 * did not take ({@link io.cligs.edge.click.ClickJournal}, ADR 0013).
 */
package io.cligs.edge.click;
