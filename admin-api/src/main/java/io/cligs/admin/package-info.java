/**
 * The admin API: {@link io.cligs.admin.Main} reads {@link io.cligs.admin.AdminConfig}, and
 * {@link io.cligs.admin.AdminApi} deploys the HTTP verticle over the store (accounts, sessions, API keys,
 * cligs and their rules, history, the old v1/v2 API).
 */
package io.cligs.admin;
