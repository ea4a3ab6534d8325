/** {@code CLIG_*} environment variables: reading, validating and masking them. */
package io.cligs.core.config;
