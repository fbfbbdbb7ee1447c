package io.dsml.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsml.app.Dsml;
import io.dsml.evaluation.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin example of losses/README.md, built as a user builds it: its files (pom on {@code
 * dsml-plugin-parent}, one loss class, one services line, a JUnit test calling this kit) are taken
 * from the README's marked code blocks, so the documentation cannot drift from what works, and
 * built by a nested Maven, whose tests run the gradient check, {@code dsml loss} and a short
 * training. The jar it produces is then put on a class loader and run through {@code dsml loss},
 * as {@code DSML_CLASSPATH} does.
 *
 * <p>How the nested build sees this build's artifacts without anything being installed (during
 * {@code ./mvnw verify} nothing is): the test writes the reactor's poms and a jar of each
 * module's freshly compiled classes into a private local repository under {@code target/}, laid
 * out as {@code install} would, and gives the nested build a settings file whose local repository
 * is that directory and whose only remote is a mirror of everything onto this build's own local
 * repository as a {@code file://} URL. Third-party artifacts and build plugins are thus copied
 * from the repository this build already resolved them into, and nothing is downloaded from the
 * network; dsml's artifacts are snapshots, which the mirror (standing in for Maven Central) never
 * serves, so only the fresh copies can be used, whatever version another build installed into
 * {@code ~/.m2}. Nothing is written to {@code ~/.m2}.
 */
@Tag("slow")
class DocumentedPluginExampleTest {
    private static final Pattern MARKED_BLOCK =
            Pattern.compile("<!-- plugin-example: (\\S+) -->\\s*\\n```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL);

    /** Reactor modules the nested build needs, directory and artifactId; jar packaging. */
    private static final Map<String, String> JAR_MODULES = new LinkedHashMap<>();

    static {
        JAR_MODULES.put("evaluation", "dsml-evaluation");
        JAR_MODULES.put("core", "dsml-core");
        JAR_MODULES.put("losses", "dsml-losses");
        JAR_MODULES.put("backbones", "dsml-backbones");
        JAR_MODULES.put("data", "dsml-data");
        JAR_MODULES.put("api", "dsml-api");
        JAR_MODULES.put("benchmarks-app", "dsml-benchmarks-app");
        JAR_MODULES.put("testkit", "dsml-testkit");
    }

    private final Path root = Path.of(required("dsml.it.root")).normalize();
    private final String version = required("dsml.it.version");

    @TempDir
    Path work;

    @Test
    void theDocumentedPluginBuildsTestsAndRunsInDsml() throws Exception {
        Path project = work.resolve("pull-together");
        Map<String, String> files = exampleFiles(Files.readString(root.resolve("losses/README.md")));
        assertThat(files)
                .containsOnlyKeys(
                        "pom.xml",
                        "src/main/java/org/example/dsml/PullTogetherLoss.java",
                        "src/main/resources/META-INF/services/io.dsml.core.spi.LossFactory",
                        "src/test/java/org/example/dsml/PullTogetherLossTest.java");
        assertThat(files.get("pom.xml").lines().count()).as("the plugin's pom").isLessThanOrEqualTo(15);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = project.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue() + "\n");
        }

        Path repository = root.resolve("testkit/target/plugin-it/repository");
        installReactor(repository);
        Path settings = writeSettings(repository, Path.of(required("dsml.it.localRepository")));
        Path log = work.resolve("nested-build.log");
        int exit = nestedMaven(project, settings, log);
        String output = Files.readString(log);
        assertThat(exit)
                .as("nested build of the README example:\n%s", tail(output))
                .isZero();

        String report =
                Files.readString(project.resolve("target/surefire-reports/org.example.dsml.PullTogetherLossTest.txt"));
        assertThat(report).contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0");

        Path jar = project.resolve("target/pull-together-1.0.jar");
        assertThat(entries(jar))
                .as("provided scope: the jar holds only the plugin")
                .allMatch(e -> e.startsWith("META-INF/")
                        || e.endsWith("/")
                        || e.startsWith("org/example/dsml/PullTogetherLoss"))
                .contains("META-INF/services/io.dsml.core.spi.LossFactory");
        runThroughDsmlLoss(jar);
    }

    /** {@code dsml loss} with the built jar on the class path, as {@code DSML_CLASSPATH=jar ./dsml loss}. */
    private void runThroughDsmlLoss(Path jar) throws Exception {
        Npy.writeFloat(work.resolve("e.npy"), new float[] {1, 0, 0, 1, 1, 1, 0.6f, 0.8f}, 4, 2);
        Npy.writeInt(work.resolve("l.npy"), new int[] {0, 1, 0, 1});
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(loader);
            String[] list = dsml("loss", "--list");
            assertThat(list[0]).contains("pull-together [plugin] - ");
            String[] run = dsml(
                    "loss",
                    "--loss",
                    "pull-together",
                    "--set",
                    "margin=0.9",
                    "--embeddings",
                    work.resolve("e.npy").toString(),
                    "--labels",
                    work.resolve("l.npy").toString());
            // Positive pairs (0, 2): cos((1,0), (1,1)/sqrt 2) = 0.7071; (1, 3): cos((0,1), (0.6,0.8)) = 0.8.
            // Mean over the 4 ordered pairs of [0.9 - cos]_+ = (2 * 0.19289 + 2 * 0.1) / 4.
            assertThat(Double.parseDouble(run[0].trim())).as(run[1]).isCloseTo(0.146447, within());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-5);
    }

    /** The README's marked code blocks, by the path each is marked with. */
    static Map<String, String> exampleFiles(String readme) {
        Map<String, String> files = new LinkedHashMap<>();
        Matcher block = MARKED_BLOCK.matcher(readme);
        while (block.find()) {
            files.put(block.group(1), block.group(2));
        }
        return files;
    }

    /**
     * Writes the reactor's artifacts into {@code repository} as {@code install} lays them out: the
     * two parent poms, and for each jar module its pom and a jar of its compiled classes.
     */
    private void installReactor(Path repository) throws IOException {
        Path dsml = repository.resolve("io/dsml");
        deleteRecursively(dsml); // never a stale copy from an earlier run
        install(dsml, "dsml-parent", root.resolve("pom.xml"), null);
        install(dsml, "dsml-plugin-parent", root.resolve("plugin-parent/pom.xml"), null);
        for (Map.Entry<String, String> module : JAR_MODULES.entrySet()) {
            Path classes = root.resolve(module.getKey()).resolve("target/classes");
            assertThat(classes)
                    .as("%s is not compiled: build the reactor (./mvnw -pl testkit -am test)", module.getKey())
                    .isDirectory();
            install(dsml, module.getValue(), root.resolve(module.getKey()).resolve("pom.xml"), classes);
        }
    }

    private void install(Path groupDir, String artifactId, Path pom, Path classes) throws IOException {
        Path dir = groupDir.resolve(artifactId).resolve(version);
        Files.createDirectories(dir);
        Files.copy(pom, dir.resolve(artifactId + "-" + version + ".pom"));
        if (classes != null) {
            jar(classes, dir.resolve(artifactId + "-" + version + ".jar"));
        }
    }

    private static void jar(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Path f : files) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }

    /** Local repository: the private one; every remote: this build's own local repository. */
    private static Path writeSettings(Path repository, Path outerRepository) throws IOException {
        Path settings = repository.resolveSibling("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <localRepository>%s</localRepository>
                  <mirrors>
                    <mirror>
                      <id>outer-local-repository</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(repository.toAbsolutePath(), outerRepository.toUri()));
        return settings;
    }

    private static int nestedMaven(Path project, Path settings, Path log) throws Exception {
        Path mvn = Path.of(required("dsml.it.mavenHome"), "bin", "mvn");
        List<String> command = new ArrayList<>(List.of(
                mvn.toString(),
                "-B",
                // Offline, except for file:// repositories: the mirror onto this build's own
                // local repository is the one remote the nested build may read.
                "-o",
                "-Daether.offline.protocols=file",
                "-s",
                settings.toString(),
                "-f",
                project.resolve("pom.xml").toString(),
                "package"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("MAVEN_OPTS");
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the nested build took more than 5 minutes:\n" + tail(Files.readString(log)));
        }
        return process.exitValue();
    }

    private static List<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName).toList();
        }
    }

    /** Runs dsml in-process; returns standard output and error. */
    private static synchronized String[] dsml(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int code = Dsml.execute(args);
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
            return new String[] {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static String tail(String text) {
        return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(property + " is not set: run this test through Maven (testkit/pom.xml)");
        }
        return value;
    }
}
