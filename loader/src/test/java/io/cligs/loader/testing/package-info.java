/** Test helpers of the loader: legacy dumps (generated or hand-written) and running the CLI in-process. */
package io.cligs.loader.testing;
