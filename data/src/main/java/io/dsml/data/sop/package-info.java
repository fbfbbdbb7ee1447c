/** Stanford Online Products from its official Ebay_*.txt index files. */
package io.dsml.data.sop;
