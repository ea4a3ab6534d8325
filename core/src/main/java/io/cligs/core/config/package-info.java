/**
 * {@code CLIG_*} environment variables: the registry of all of them ({@link io.cligs.core.config.EnvVar}),
 * and reading, validating and masking them.
 */
package io.cligs.core.config;
