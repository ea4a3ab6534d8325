/**
 * HTTP plumbing shared by every resource of the admin API: the verticle and its router (built from the
 * OpenAPI document), authentication, problem JSON ({@link io.cligs.admin.http.Problem}, the one failure
 * handler {@link io.cligs.admin.http.Failures}), rate limits, health and metrics.
 */
package io.cligs.admin.http;
