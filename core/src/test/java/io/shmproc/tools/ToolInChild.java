package io.shmproc.tools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs several tool commands in one child JVM (a JVM of its own, as the tool normally runs), printing
 * {@code ==== <command>} before each one's output and {@code ==== done} at the end. Commands are separated by
 * {@code --}.
 */
final class ToolInChild {
    private ToolInChild() {
    }

    public static void main(final String[] args) throws Exception {
        final ShmprocTool tool = new ShmprocTool(System.out);
        final List<String> command = new ArrayList<>();
        for (final String arg : args) {
            if (arg.equals("--")) {
                run(tool, command);
                command.clear();
            } else {
                command.add(arg);
            }
        }
        run(tool, command);
        System.out.println("==== done");
        System.out.flush();
    }

    private static void run(final ShmprocTool tool, final List<String> command) throws InterruptedException {
        if (!command.isEmpty()) {
            System.out.println("==== " + String.join(" ", command));
            final int code = tool.run(command.toArray(new String[0]));
            System.out.println("==== exit " + code + " " + Arrays.toString(command.toArray()));
        }
    }
}
