/** Every Redis key and channel name, under the deployment's prefix. */
package io.cligs.core.redis;
