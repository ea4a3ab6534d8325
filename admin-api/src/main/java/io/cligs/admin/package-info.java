/** The admin API (accounts, API keys, cligs, rules, stats, aggregator): arrives with its own issue. */
package io.cligs.admin;
