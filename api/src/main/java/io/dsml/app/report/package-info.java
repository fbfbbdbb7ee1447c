/** Reports drawn from a finished run directory: PNG plots (XChart) of curves, Recall@K and embeddings. */
package io.dsml.app.report;
