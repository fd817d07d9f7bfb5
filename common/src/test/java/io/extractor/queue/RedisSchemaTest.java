package io.extractor.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.job.FailureKind;
import io.extractor.job.JobState;
import io.extractor.job.TaskState;
import io.extractor.queue.RedisKeys.JobField;
import io.extractor.queue.RedisKeys.TaskField;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds the Lua scripts against the Java side of the schema: the field names they read and write against
 * {@link RedisKeys}, the state names against {@link TaskState} and {@link JobState}, the failure kinds against
 * {@link FailureKind}, and every task move they make against {@link TaskState#canMoveTo}. Reads the scripts' text,
 * so a new script or a renamed field is checked without a test change.
 */
class RedisSchemaTest {
    private static final Set<String> TASK_FIELDS = Arrays.stream(TaskField.values()).map(TaskField::field).collect(Collectors.toSet());
    private static final Set<String> JOB_FIELDS = Arrays.stream(JobField.values()).map(JobField::field).collect(Collectors.toSet());
    private static final Set<String> STATES = Stream.concat(Arrays.stream(TaskState.values()).map(Enum::name),
            Arrays.stream(JobState.values()).map(Enum::name)).collect(Collectors.toSet());
    /** Upper-case words in scripts that are Redis syntax, not states. */
    private static final Set<String> REDIS_WORDS = Set.of("WITHSCORES", "LIMIT", "PX");
    private static final Pattern CALL = Pattern.compile("redis\\.call\\('(\\w+)'");
    private static final Pattern LITERAL = Pattern.compile("'([^']*)'");
    private static final Pattern INDEX_OF_STATE = Pattern.compile("index_key\\([^)]*'(\\w+)'\\)");
    private static final Pattern KEYS_REF = Pattern.compile("^KEYS\\[(\\d+)]$");
    private static final Pattern MOVE = Pattern.compile("(\\w+) -> (\\w+)");

    @Test
    void everyHashFieldTheScriptsUseIsNamedInTheSchema() throws Exception {
        List<String> unknown = new ArrayList<>();
        for (Script script : scripts()) {
            for (HashAccess access : script.hashAccesses()) {
                Set<String> known = switch (access.hash()) {
                    case TASK -> TASK_FIELDS;
                    case JOB -> JOB_FIELDS;
                    case SOURCE -> Set.of(RedisKeys.SOURCE_MAX_STREAMS);
                };
                for (String field : access.fields()) {
                    if (!known.contains(field)) {
                        unknown.add(script.name() + ": " + access.hash() + " field '" + field + "'");
                    }
                }
            }
        }
        assertThat(unknown).as("fields missing from RedisKeys.TaskField / JobField").isEmpty();
    }

    @Test
    void everyHashAccessInTheScriptsNamesWhichHashItIs() throws Exception {
        List<String> unresolved = new ArrayList<>();
        for (Script script : scripts()) {
            for (String call : script.calls("HSET", "HGET", "HMGET", "HINCRBY", "HDEL")) {
                List<String> args = arguments(call);
                if (script.hashOf(args.get(1)) == null) {
                    unresolved.add(script.name() + ": " + call);
                }
            }
        }
        assertThat(unresolved).as("hash keys the test cannot tell task from job (name them in the KEYS header)").isEmpty();
    }

    @Test
    void everyStateNameInTheScriptsIsATaskOrJobState() throws Exception {
        List<String> unknown = new ArrayList<>();
        for (Script script : scripts()) {
            Set<String> commands = new HashSet<>();
            Matcher call = CALL.matcher(script.code());
            while (call.find()) {
                commands.add(call.group(1));
            }
            Matcher literal = LITERAL.matcher(script.code());
            while (literal.find()) {
                String word = literal.group(1);
                if (word.matches("[A-Z_]+") && !commands.contains(word) && !REDIS_WORDS.contains(word) && !STATES.contains(word)) {
                    unknown.add(script.name() + ": '" + word + "'");
                }
            }
        }
        assertThat(unknown).as("state names not in TaskState or JobState").isEmpty();
    }

    @Test
    void everyStateWrittenToAHashBelongsToThatHashsEnum() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Script script : scripts()) {
            for (HashAccess access : script.hashAccesses()) {
                String state = access.written().get("state");
                if (state == null || !state.matches("'\\w+'")) {
                    continue; // a state from ARGV, checked by the Java caller's enum
                }
                String name = state.substring(1, state.length() - 1);
                boolean ok = access.hash() == Hash.TASK ? isTaskState(name) : access.hash() == Hash.JOB && isJobState(name);
                if (!ok) {
                    wrong.add(script.name() + ": " + access.hash() + " state " + name);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyFailureKindTheScriptsWriteIsAFailureKindLabel() throws Exception {
        List<String> unknown = new ArrayList<>();
        for (Script script : scripts()) {
            for (HashAccess access : script.hashAccesses()) {
                String kind = access.written().get(TaskField.ERROR_KIND.field());
                if (kind != null && kind.matches("'[a-z-]+'")) {
                    String label = kind.substring(1, kind.length() - 1);
                    if (Arrays.stream(FailureKind.values()).noneMatch(k -> k.label().equals(label))) {
                        unknown.add(script.name() + ": " + label);
                    }
                }
            }
            Matcher counted = Pattern.compile("count_failed\\([^,]+, '([^']+)'").matcher(script.code());
            while (counted.find()) {
                FailureKind.ofLabel(counted.group(1)); // throws on an unknown label
            }
        }
        assertThat(unknown).isEmpty();
        assertThat(lib()).contains("'" + JobField.FAILED_OF_KIND.field() + "' .. kind");
    }

    @Test
    void everyTaskMoveTheScriptsMakeIsOneTheStateMachineAllows() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Script script : scripts()) {
            Set<String> declared = script.moves();
            for (String move : declared) {
                if (move.startsWith("new -> ")) {
                    TaskState.valueOf(move.substring("new -> ".length())); // a task is created in a state that exists
                    continue;
                }
                String[] states = move.split(" -> ");
                if (!TaskState.valueOf(states[0]).canMoveTo(TaskState.valueOf(states[1]))) {
                    problems.add(script.name() + " declares " + move + ", which TaskState does not allow");
                }
            }
            Set<String> targets = declared.stream().map(m -> m.split(" -> ")[1]).collect(Collectors.toSet());
            for (HashAccess access : script.hashAccesses()) {
                String state = access.written().get("state");
                if (access.hash() == Hash.TASK && state != null) {
                    String name = state.replace("'", "");
                    if (!targets.contains(name)) {
                        problems.add(script.name() + " moves a task to " + name + " but declares no move there (-- Moves:)");
                    }
                }
            }
            for (String call : script.functionCalls("reindex")) {
                List<String> args = arguments(call);
                String move = script.indexState(args.get(0)) + " -> " + script.indexState(args.get(1));
                if (!declared.contains(move)) {
                    problems.add(script.name() + " reindexes " + move + " but does not declare it");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theScriptsMoveTasksAlongEveryEdgeOfTheStateMachine() throws Exception {
        Set<String> made = new HashSet<>();
        for (Script script : scripts()) {
            script.moves().stream().filter(move -> !move.startsWith("new -> ")).forEach(made::add);
        }
        Set<String> allowed = new HashSet<>();
        for (TaskState from : TaskState.values()) {
            from.successors().forEach(to -> allowed.add(from + " -> " + to));
        }
        assertThat(made).as("TaskState edges no script makes, or moves it does not allow").isEqualTo(allowed);
    }

    @Test
    void aHashTaggedPrefixPutsEveryKeyInOneClusterSlot() {
        RedisKeys keys = new RedisKeys("{extractor}");

        assertThat(keys.pending()).isEqualTo("{extractor}:pending");
        assertThat(List.of(keys.task("j.0.1"), keys.job("j"), keys.jobTasks("j", TaskState.FAILED), keys.taskPrefix(), keys.jobPrefix(),
                keys.writer("bucket", "out/run"), keys.coordinatorLock()))
                .allSatisfy(key -> assertThat(key).startsWith("{extractor}:"));
    }

    private static boolean isTaskState(String name) {
        return Arrays.stream(TaskState.values()).anyMatch(s -> s.name().equals(name));
    }

    private static boolean isJobState(String name) {
        return Arrays.stream(JobState.values()).anyMatch(s -> s.name().equals(name));
    }

    enum Hash { TASK, JOB, SOURCE }

    /** One HSET/HGET/HMGET/HINCRBY/HDEL: which hash, the literal fields it names, and the literal values it sets. */
    record HashAccess(Hash hash, List<String> fields, Map<String, String> written) {
    }

    /** One script: its code without comments, and what its header says its KEYS are and which moves it makes. */
    record Script(String name, String code, List<String> keys, Set<String> moves) {
        List<String> calls(String... commands) {
            List<String> calls = new ArrayList<>();
            for (String command : commands) {
                calls.addAll(functionCalls("redis.call('" + command + "'"));
            }
            return calls;
        }

        /**
         * The text of each call, from its opening parenthesis to the matching one: {@code name} is a function name
         * ({@code reindex}) or {@code redis.call('HSET'}, whose parenthesis is the one after {@code redis.call}.
         */
        List<String> functionCalls(String name) {
            List<String> calls = new ArrayList<>();
            boolean redisCall = name.startsWith("redis.call(");
            for (int at = code.indexOf(name); at >= 0; at = code.indexOf(name, at + 1)) {
                if (!redisCall) {
                    boolean partOfLongerName = at > 0 && (Character.isLetterOrDigit(code.charAt(at - 1)) || code.charAt(at - 1) == '_');
                    boolean definition = code.substring(Math.max(0, at - 9), at).equals("function ");
                    if (partOfLongerName || definition || !code.startsWith("(", at + name.length())) {
                        continue;
                    }
                }
                int open = redisCall ? at + "redis.call".length() : at + name.length();
                int depth = 0;
                boolean quoted = false;
                for (int i = open; i < code.length(); i++) {
                    char c = code.charAt(i);
                    if (c == '\'') {
                        quoted = !quoted;
                    } else if (!quoted && c == '(') {
                        depth++;
                    } else if (!quoted && c == ')' && --depth == 0) {
                        calls.add(code.substring(open, i + 1));
                        break;
                    }
                }
            }
            return calls;
        }

        List<HashAccess> hashAccesses() {
            List<HashAccess> accesses = new ArrayList<>();
            for (String command : List.of("HSET", "HGET", "HMGET", "HINCRBY", "HDEL")) {
                for (String call : calls(command)) {
                    List<String> args = arguments(call);
                    Hash hash = hashOf(args.get(1));
                    if (hash == null) {
                        continue; // reported by everyHashAccessInTheScriptsNamesWhichHashItIs
                    }
                    List<String> fields = new ArrayList<>();
                    Map<String, String> written = new LinkedHashMap<>();
                    List<String> rest = args.subList(2, args.size());
                    for (int i = 0; i < rest.size(); i++) {
                        boolean isField = switch (command) {
                            case "HSET" -> i % 2 == 0;
                            case "HGET", "HINCRBY" -> i == 0;
                            default -> true;
                        };
                        String arg = rest.get(i);
                        if (isField && arg.matches("'[^']*'")) {
                            String field = arg.substring(1, arg.length() - 1);
                            fields.add(field);
                            if (command.equals("HSET") && i + 1 < rest.size()) {
                                written.put(field, rest.get(i + 1));
                            }
                        } else if (isField && !arg.startsWith("'" + JobField.FAILED_OF_KIND.field() + "'")) {
                            fields.add("<computed: " + arg + ">");
                        }
                    }
                    accesses.add(new HashAccess(hash, fields, written));
                }
            }
            return accesses;
        }

        /** Which hash a key expression names; null when the test cannot tell. */
        Hash hashOf(String key) {
            Matcher ref = KEYS_REF.matcher(key);
            if (ref.matches()) {
                int index = Integer.parseInt(ref.group(1)) - 1;
                String role = index < keys.size() ? keys.get(index) : "";
                return role.equals("task") ? Hash.TASK : role.equals("job") ? Hash.JOB : null;
            }
            if (key.startsWith("sources .. ")) {
                return Hash.SOURCE; // a source's hash, named from the source prefix in ARGV
            }
            if (key.equals("tk") || key.equals("ARGV[1] .. id") || key.startsWith("tasks .. ")) {
                return Hash.TASK; // ARGV[1] is the task key prefix where a script walks task ids
            }
            if (key.equals("jk") || key.equals("job_key") || key.startsWith("jobs .. ")) {
                return Hash.JOB;
            }
            return null;
        }

        /** The task state of a state index key expression: a literal in index_key(...) or a KEYS entry named so. */
        String indexState(String key) {
            Matcher literal = INDEX_OF_STATE.matcher(key);
            if (literal.matches()) {
                return literal.group(1);
            }
            Matcher ref = KEYS_REF.matcher(key);
            if (ref.matches()) {
                Matcher role = Pattern.compile("the job's (\\w+) index").matcher(keys.get(Integer.parseInt(ref.group(1)) - 1));
                if (role.matches()) {
                    return role.group(1);
                }
            }
            return "<unknown: " + key + ">";
        }
    }

    /** Top-level, trimmed arguments of a call's parenthesised text; the command of redis.call is the first. */
    static List<String> arguments(String call) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder arg = new StringBuilder();
        for (int i = 1; i < call.length() - 1; i++) {
            char c = call.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '{')) {
                depth++;
            } else if (!quoted && (c == ')' || c == '}')) {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                args.add(arg.toString().strip());
                arg.setLength(0);
                continue;
            }
            arg.append(c);
        }
        args.add(arg.toString().strip());
        return args;
    }

    private static String lib() throws IOException, URISyntaxException {
        return Files.readString(folder().resolve("lib.lua"));
    }

    private static Path folder() throws URISyntaxException {
        return Path.of(RedisKeys.class.getResource("lib.lua").toURI()).getParent();
    }

    static List<Script> scripts() throws IOException, URISyntaxException {
        List<Script> scripts = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".lua")).sorted().toList()) {
                String text = Files.readString(file);
                List<String> keys = List.of();
                Set<String> moves = new HashSet<>();
                StringBuilder code = new StringBuilder();
                for (String line : text.split("\n")) {
                    String trimmed = line.strip();
                    if (trimmed.startsWith("-- KEYS:")) {
                        keys = Arrays.stream(trimmed.substring("-- KEYS:".length()).split(",")).map(String::strip).toList();
                    } else if (trimmed.startsWith("-- Creates:")) {
                        for (String state : trimmed.substring("-- Creates:".length()).split(",")) {
                            moves.add("new -> " + state.strip());
                        }
                    } else if (trimmed.startsWith("-- Moves:")) {
                        Matcher move = MOVE.matcher(trimmed);
                        while (move.find()) {
                            moves.add(move.group(1) + " -> " + move.group(2));
                        }
                    }
                    int comment = line.indexOf("--");
                    code.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
                }
                scripts.add(new Script(file.getFileName().toString(), code.toString(), keys, moves));
            }
        }
        assertThat(scripts).extracting(Script::name).contains("claim.lua", "lib.lua");
        return scripts;
    }
}
