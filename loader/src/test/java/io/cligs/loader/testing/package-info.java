/** Test helpers of the loader: the ITs' one set-up ({@link io.cligs.loader.testing.LoaderTestbed}), legacy dumps (generated or hand-written), running the CLI in-process, reading what an import left. */
package io.cligs.loader.testing;
