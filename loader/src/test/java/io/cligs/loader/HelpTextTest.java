package io.cligs.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code loader --help} and each command's: whole sentences, nothing wider than 80 columns. */
class HelpTextTest {

    @Test
    void everyDescriptionIsWholeSentences() {
        CommandLine main = Main.commandLine(Map.of());
        assertSentences("loader", main);
        main.getSubcommands().forEach((name, sub) -> {
            assertSentences(name, sub);
            sub.getCommandSpec().options().forEach(o -> {
                for (String d : o.description()) {
                    assertTrue(d.endsWith(".") || d.endsWith(".)"), name + " " + o.longestName() + ": '" + d + "'");
                }
            });
        });
    }

    private static void assertSentences(String name, CommandLine cli) {
        String[] description = cli.getCommandSpec().usageMessage().description();
        assertTrue(description.length > 0, name + " has a description");
        for (String d : description) {
            // each element is printed as a paragraph of its own: cut mid-sentence, it reads as two
            assertTrue(d.endsWith("."), name + ": a description line that is not a whole sentence: '" + d + "'");
        }
    }

    @Test
    void helpFitsIn80Columns() {
        for (String command : new String[] {"", "migrate", "import", "warm", "verify"}) {
            StringWriter out = new StringWriter();
            int code = Main.run(command.isEmpty() ? new String[] {"--help"} : new String[] {command, "--help"}, Map.of(),
                    new PrintWriter(out), new PrintWriter(new StringWriter()));
            assertEquals(0, code);
            for (String line : out.toString().split("\n")) {
                assertTrue(line.length() <= 80, "wider than 80 columns in " + command + " --help: " + line);
            }
        }
    }
}
