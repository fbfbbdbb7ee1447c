package io.dsml.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.dsml.core.error.DsmlException;
import java.io.IOException;

/**
 * The subset of YAML that dsml reads: one document, without aliases. Jackson's tree reader would
 * take an alias ({@code *lab}) for the text {@code lab} and silently ignore every document after
 * the first, so a config that uses either would run with values its author did not write.
 * Anchors alone ({@code &lab mylabel}) are harmless and accepted; write the value out where an
 * alias would repeat it.
 */
final class PlainYaml {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private PlainYaml() {}

    /**
     * Checks {@code text}; a syntax error is left to the reader, which reports it with its line.
     *
     * @param source how to name the text in messages (a file)
     * @throws DsmlException naming the source and line of an alias or of a second document
     */
    static void require(String source, String text) {
        problem(text).ifPresent(problem -> {
            throw new DsmlException(source + ": " + problem);
        });
    }

    /**
     * What makes {@code text} more than plain YAML, with its line (an alias, a second document),
     * if anything; a syntax error is left to the reader, which reports it with its line.
     */
    static java.util.Optional<String> problem(String text) {
        try (YAMLParser parser = FACTORY.createParser(text)) {
            int depth = 0;
            int documents = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (parser.isCurrentAlias()) {
                    return java.util.Optional.of("line " + line(parser) + ": the YAML alias '*" + parser.getText()
                            + "' is not supported (dsml reads plain values); write the value out");
                }
                if (depth == 0 && ++documents > 1) {
                    return java.util.Optional.of("line " + line(parser) + ": a second YAML document; a "
                            + "config is one document (remove the '---' and what follows, or merge it into the first)");
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
            }
            return java.util.Optional.empty();
        } catch (JsonProcessingException e) {
            return java.util.Optional.empty(); // a syntax error: the reader reports it
        } catch (IOException e) {
            return java.util.Optional.of("cannot read config: " + io.dsml.core.files.IoFailure.reason(e));
        }
    }

    private static int line(YAMLParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }
}
