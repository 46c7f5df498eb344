package dev.jstencil.ffm;

import dev.jstencil.kernel.KernelUnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Generated C compiled by the machine's C compiler into shared libraries, kept in a cache directory
 * (as Devito does): {@code -Djstencil.cache.dir}, else {@code $JSTENCIL_CACHE_DIR}, else
 * {@code $XDG_CACHE_HOME/jstencil}, else {@code ~/.cache/jstencil}. A library is named by a hash of
 * its source, the compiler flags, the compiler's version and the CPU's feature flags (what
 * {@code -march=native} compiles for), so any change to one of them compiles anew.
 *
 * <p>Beside each library {@code NAME.so}: its source {@code NAME.c} (for people to read), the
 * compiler's output {@code NAME.log} and a checksum {@code NAME.so.checksum} (a {@link ContentHash}). Publication is atomic:
 * the compiler writes a temporary file, the checksum is published, then the library is renamed into
 * place, so nobody loads a half-written library; a library whose checksum does not match (truncated,
 * overwritten) is rebuilt. Compilation holds a lock file per library, so processes (or threads) that
 * need the same library at once compile it once: the others wait and then load it.
 */
public final class KernelCache {
    public static final String DIR_PROPERTY = "jstencil.cache.dir";
    public static final String DIR_ENV = "JSTENCIL_CACHE_DIR";
    /** The C compiler to run (default gcc). */
    public static final String CC_ENV = "JSTENCIL_CC";
    /** Without FMA contraction (C99's default, spelled out): results are the bits of the Java backends. */
    public static final List<String> FLAGS = List.of("-O3", "-march=native", "-std=c99", "-ffp-contract=off", "-fno-math-errno",
            "-fPIC", "-shared");
    private static final long COMPILE_TIMEOUT_SECONDS = 600;
    private static final int ERROR_LINES = 3;
    private static final Map<String, String> VERSIONS = new ConcurrentHashMap<>();
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    /** A library ready to load: where it is, its source, and whether this call compiled it. */
    public record Library(Path library, Path source, boolean compiled, long nanos) {
    }

    private final Path dir;
    private final String compiler;

    public KernelCache(Path dir, String compiler) {
        this.dir = dir.toAbsolutePath();
        this.compiler = compiler;
    }

    /** The cache of this JVM's settings (see the class comment). */
    public static KernelCache standard() {
        return new KernelCache(directory(System.getProperty(DIR_PROPERTY), System.getenv(), System.getProperty("user.home")),
                compilerFrom(System.getenv()));
    }

    static String compilerFrom(Map<String, String> env) {
        String cc = env.get(CC_ENV);
        return cc == null || cc.isBlank() ? "gcc" : cc.trim();
    }

    static Path directory(String property, Map<String, String> env, String home) {
        if (property != null && !property.isBlank()) {
            return Path.of(property.trim());
        }
        String own = env.get(DIR_ENV);
        if (own != null && !own.isBlank()) {
            return Path.of(own.trim());
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg.trim()).isAbsolute()) { // the XDG spec ignores relative paths
            return Path.of(xdg.trim(), "jstencil");
        }
        return Path.of(home, ".cache", "jstencil");
    }

    public Path directory() {
        return dir;
    }

    public String compiler() {
        return compiler;
    }

    /**
     * The library of {@code source}: found in the cache with a matching checksum, or compiled now.
     *
     * @param stem a readable prefix for the file names (the hash follows it)
     * @throws KernelUnavailableException if the compiler is missing or fails, or the cache cannot be written; one line
     */
    public Library obtain(String stem, String source) {
        long start = System.nanoTime();
        Path base = dir.resolve(stem + "-" + key(source));
        Path library = sibling(base, ".so"), checksum = sibling(base, ".so.checksum"), src = sibling(base, ".c");
        if (intact(library, checksum)) {
            return new Library(library, src, false, System.nanoTime() - start);
        }
        ReentrantLock inJvm = LOCKS.computeIfAbsent(base, b -> new ReentrantLock());
        inJvm.lock(); // a FileLock is per JVM: threads of one JVM queue here first
        try {
            createDirectory();
            try (FileChannel channel = FileChannel.open(sibling(base, ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (intact(library, checksum)) { // another process compiled it while we waited
                    return new Library(library, src, false, System.nanoTime() - start);
                }
                compile(base, source, library, checksum, src);
                return new Library(library, src, true, System.nanoTime() - start);
            }
        } catch (IOException e) {
            throw unusableCache(e);
        } finally {
            inJvm.unlock();
        }
    }

    /** Deletes the library of {@code source} (and its checksum), so the next {@link #obtain} compiles it again. */
    public void evict(String stem, String source) {
        Path base = dir.resolve(stem + "-" + key(source));
        try {
            Files.deleteIfExists(sibling(base, ".so.checksum"));
            Files.deleteIfExists(sibling(base, ".so"));
        } catch (IOException e) {
            throw unusableCache(e);
        }
    }

    private KernelUnavailableException unusableCache(IOException e) {
        return new KernelUnavailableException("the native backend cannot use its cache directory " + dir + ": " + e
                + " (set -D" + DIR_PROPERTY + " or $" + DIR_ENV + " to a writable directory)", e);
    }

    private void createDirectory() throws IOException {
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) {
            throw new IOException("not writable");
        }
    }

    private static Path sibling(Path base, String suffix) {
        return base.resolveSibling(base.getFileName() + suffix);
    }

    // ---- the key ----------------------------------------------------------------------------------------

    /** The hash that names a library: source, flags, compiler version, CPU features. */
    String key(String source) {
        ContentHash h = new ContentHash();
        for (String part : List.of("jstencil kernel cache 2", compilerVersion(), String.join(" ", FLAGS), CpuFeatures.flags(), source)) {
            h.add(part.getBytes(StandardCharsets.UTF_8));
        }
        return h.hex().substring(0, 24);
    }

    /**
     * The first line of {@code cc --version}. Running it costs ~40 ms in a fresh JVM, so the line is kept
     * in the cache directory under the compiler's real path, size and modification time (and in memory):
     * it is run again only when the compiler's file changes, e.g. after an upgrade.
     */
    String compilerVersion() {
        Path exe = executable(compiler).orElseThrow(() -> new KernelUnavailableException("the native backend compiles C at run time, "
                + "but its compiler '" + compiler + "' was not found (" + (compiler.contains("/") ? "no such executable file"
                : "not on PATH") + "); install gcc or set $" + CC_ENV + ", or use --backend vector"));
        String identity;
        try {
            Path real = exe.toRealPath();
            identity = real + "|" + Files.size(real) + "|" + Files.getLastModifiedTime(real).toMillis();
        } catch (IOException e) {
            identity = exe.toString();
        }
        return VERSIONS.computeIfAbsent(identity, id -> {
            Path known = dir.resolve("compiler-" + ContentHash.of(id.getBytes(StandardCharsets.UTF_8)).substring(0, 16) + ".version");
            try {
                List<String> lines = Files.readAllLines(known, StandardCharsets.UTF_8);
                if (lines.size() == 2 && lines.get(0).equals(id) && !lines.get(1).isBlank()) {
                    return lines.get(1);
                }
            } catch (IOException | RuntimeException e) {
                // not known yet: ask the compiler
            }
            List<String> out = new ArrayList<>();
            int exit = run(List.of(exe.toString(), "--version"), null, out, 30);
            if (exit != 0 || out.isEmpty()) {
                throw new KernelUnavailableException("the native backend compiles C at run time, but '" + compiler + " --version' failed "
                        + "(exit " + exit + (out.isEmpty() ? "" : ": " + out.getFirst()) + "); install gcc or set $" + CC_ENV
                        + ", or use --backend vector");
            }
            try {
                createDirectory();
                publish(known, (id + "\n" + out.getFirst() + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // an unwritable cache is reported when a library is compiled into it
            }
            return out.getFirst();
        });
    }

    /** The file a command name runs: itself if it names a path, else the first executable match on PATH. */
    public static Optional<Path> executable(String command) {
        if (command.contains("/")) {
            Path p = Path.of(command);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
        }
        String path = System.getenv("PATH");
        for (String d : (path == null ? "" : path).split(java.io.File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d).resolve(command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    // ---- compiling --------------------------------------------------------------------------------------

    private void compile(Path base, String source, Path library, Path checksum, Path src) throws IOException {
        deleteTemporaries(base);
        publish(src, source.getBytes(StandardCharsets.UTF_8));
        Path tmp = sibling(base, ".so.tmp-" + ProcessHandle.current().pid());
        Path log = sibling(base, ".log");
        List<String> command = new ArrayList<>();
        command.add(compiler);
        command.addAll(FLAGS);
        command.addAll(List.of("-o", tmp.toString(), src.toString()));
        List<String> output = new ArrayList<>();
        int exit = run(command, log, output, COMPILE_TIMEOUT_SECONDS);
        if (exit != 0 || !Files.isRegularFile(tmp)) {
            Files.deleteIfExists(tmp);
            List<String> first = output.stream().filter(l -> !l.isBlank()).limit(ERROR_LINES).toList();
            throw new KernelUnavailableException("the native backend could not compile its kernel: " + compiler + " exited with "
                    + (exit == TIMED_OUT ? "no result after " + COMPILE_TIMEOUT_SECONDS + " s" : "status " + exit)
                    + (first.isEmpty() ? "" : ": " + String.join(" | ", first)) + " (full log: " + log + "; source: " + src + ")");
        }
        publish(checksum, (ContentHash.of(Files.readAllBytes(tmp)) + "  " + library.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
        move(tmp, library);
    }

    private static void deleteTemporaries(Path base) throws IOException {
        try (DirectoryStream<Path> old = Files.newDirectoryStream(base.getParent(), base.getFileName() + ".so.tmp-*")) {
            for (Path p : old) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Writes {@code bytes} to a temporary file and renames it to {@code file}. */
    private static void publish(Path file, byte[] bytes) throws IOException {
        Path tmp = sibling(file, ".tmp-" + ProcessHandle.current().pid());
        Files.write(tmp, bytes);
        move(tmp, file);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static final int TIMED_OUT = -1;

    /**
     * Runs a command, its stdout and stderr together into {@code log} (or discarded) and into {@code lines};
     * the exit status, {@link #TIMED_OUT}, or 127 if it could not be started.
     */
    private static int run(List<String> command, Path log, List<String> lines, long timeoutSeconds) {
        try {
            Path out = log != null ? log : Files.createTempFile("jstencil-cc-", ".log");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                p.getOutputStream().close();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return TIMED_OUT;
                }
                lines.addAll(Files.readAllLines(out, StandardCharsets.UTF_8));
                return p.exitValue();
            } finally {
                if (log == null) {
                    Files.deleteIfExists(out);
                }
            }
        } catch (IOException e) {
            lines.add(String.valueOf(e.getMessage()).replace('\n', ' '));
            return 127;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KernelUnavailableException("interrupted while running " + command.getFirst(), e);
        }
    }

    // ---- checksums --------------------------------------------------------------------------------------

    /** Whether the library exists and matches its published checksum. */
    static boolean intact(Path library, Path checksum) {
        try {
            if (!Files.isRegularFile(library) || !Files.isRegularFile(checksum)) {
                return false;
            }
            String expected = Files.readString(checksum, StandardCharsets.UTF_8).trim().split("\\s+")[0];
            return expected.equals(ContentHash.of(Files.readAllBytes(library)));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
