package io.extractor.it;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read as Docker reads it, as far as the image checks need: comments dropped, continued lines joined,
 * global {@code ARG} defaults substituted into {@code FROM}, each instruction in its stage. No Docker here, and no
 * hadolint reachable from the registries this project may use, so the checks parse the files themselves.
 */
record Dockerfile(Path path, List<Stage> stages) {
    private static final Pattern ARG_REF = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");
    private static final Pattern FLAG = Pattern.compile("--([a-z-]+)(?:=(\\S*))?");

    /** One instruction: its keyword (upper case) and the rest of it, continuations joined by a space. */
    record Instruction(String keyword, String arguments, int line) {
        /** The {@code --name=value} flags in front of the arguments (COPY --from, --chmod, ...). */
        Map<String, String> flags() {
            Map<String, String> flags = new HashMap<>();
            for (String word : words()) {
                Matcher flag = FLAG.matcher(word);
                if (!flag.matches()) {
                    break;
                }
                flags.put(flag.group(1), flag.group(2) == null ? "" : flag.group(2));
            }
            return flags;
        }

        /** The arguments after the flags, split on white space (shell form; exec form is read by {@link #execForm}). */
        List<String> operands() {
            List<String> words = words();
            int first = 0;
            while (first < words.size() && FLAG.matcher(words.get(first)).matches()) {
                first++;
            }
            return words.subList(first, words.size());
        }

        /** The JSON array of an exec-form ENTRYPOINT, CMD or RUN, or empty for the shell form. */
        Optional<List<String>> execForm() {
            String text = arguments.strip();
            if (!text.startsWith("[") || !text.endsWith("]")) {
                return Optional.empty();
            }
            List<String> items = new ArrayList<>();
            Matcher item = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|])").matcher(text);
            while (item.find()) {
                items.add(item.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
            return Optional.of(items);
        }

        private List<String> words() {
            return List.of(arguments.strip().split("\\s+"));
        }
    }

    /** One stage: its base image, its name (null when unnamed) and its instructions after FROM. */
    record Stage(String from, String name, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getLast());
        }

        /** {@code ENV} values set in this stage, {@code KEY=value} or {@code KEY="value with spaces"}. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"((?:[^\"\\\\]|\\\\.)*)\"|\\S*)");
            for (Instruction instruction : all("ENV")) {
                Matcher m = pair.matcher(instruction.arguments());
                while (m.find()) {
                    env.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(2));
                }
            }
            return env;
        }
    }

    static Dockerfile read(Path path) throws IOException {
        requireNonNull(path, "path");
        List<String> lines = Files.readAllLines(path);
        Map<String, String> globalArgs = new HashMap<>();
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        StringBuilder pending = new StringBuilder();
        int startLine = 0;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.strip().startsWith("#") || (pending.isEmpty() && line.isBlank())) {
                continue; // comments may sit between continued lines too
            }
            if (pending.isEmpty()) {
                startLine = n + 1;
            }
            String stripped = line.stripTrailing();
            if (stripped.endsWith("\\")) {
                pending.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            pending.append(stripped);
            String text = pending.toString().strip();
            pending.setLength(0);
            String[] parts = text.split("\\s+", 2);
            Instruction instruction = new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "", startLine);
            if (instruction.keyword().equals("FROM")) {
                List<String> words = instruction.operands();
                String image = substitute(words.getFirst(), globalArgs);
                String name = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2) : null;
                current = new ArrayList<>();
                stages.add(new Stage(image, name, current));
            } else if (current == null) {
                if (!instruction.keyword().equals("ARG")) {
                    throw new IllegalStateException(path + ":" + startLine + ": " + instruction.keyword() + " before the first FROM");
                }
                String[] arg = instruction.arguments().strip().split("=", 2);
                globalArgs.put(arg[0], arg.length > 1 ? arg[1] : "");
            } else {
                current.add(instruction);
            }
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException(path + ": ends in a continued line");
        }
        return new Dockerfile(path, List.copyOf(stages));
    }

    private static String substitute(String text, Map<String, String> args) {
        Matcher m = ARG_REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(args.getOrDefault(m.group(1), m.group())));
        }
        return m.appendTail(out).toString();
    }

    Stage last() {
        return stages.getLast();
    }

    Optional<Stage> stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst();
    }
}
