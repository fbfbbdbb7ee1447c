/** Stanford Cars (Cars196) from its MATLAB v5 annotation files, read with the mfl library. */
package io.dsml.data.cars;
