/**
 * {@code loader warm}: every clig with its rules from MySQL into Redis ({@code LinkCodec} values under
 * {@code RedisKeys.link}), streamed and written as one RESP pipeline; {@code --prune} drops link keys
 * MySQL no longer has. Also the small RESP client the loader uses for Redis.
 */
package io.cligs.loader.warm;
