package io.handlespy.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.TimeWindow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact output of the text formats for a hand-built report. */
class ExportGoldenTest {
    private static final String FRAMES = "leaky.exe!Worker::run worker.cpp:42 <- leaky.exe!main worker.cpp:10 <- kernel32.dll+0x1000";

    @Test
    void csvHasOneRfc4180RowPerLeakedHandle() {
        assertThat(Fixtures.export(ExportFormat.CSV, Fixtures.INPUT)).isEqualTo(
            "group,stack_id,group_count,handle,type,name,created_at,thread,innermost_frame,stack,category\r\n"
            + "1,7,3,0x1a4,Event,\"Global\\evt,1\",1.5,100,leaky.exe!Worker::run worker.cpp:42," + FRAMES + ",kernel\r\n"
            + "1,7,3,0x1a8,Event,,2,100,leaky.exe!Worker::run worker.cpp:42," + FRAMES + ",kernel\r\n"
            + "1,7,3,0x1b0,Mutant,\"say \"\"hi\"\"\",2.25,101,leaky.exe!Worker::run worker.cpp:42," + FRAMES + ",kernel\r\n"
            + "2,9,1,0x5,File,/tmp/a<b>&c,3,7,0x401000,0x401000 <- libx.so!ns::f<a;b>,kernel\r\n");
    }

    @Test
    void csvQuotesLineBreaks() {
        assertThat(CsvExporter.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(CsvExporter.field("cr\rhere")).isEqualTo("\"cr\rhere\"");
        assertThat(CsvExporter.field(null)).isEmpty();
        assertThat(CsvExporter.field("plain")).isEqualTo("plain");
    }

    @Test
    void foldedStacksAreOuterToInnerWithSemicolonsReplaced() {
        assertThat(Fixtures.export(ExportFormat.FOLDED, Fixtures.INPUT)).isEqualTo(
            "kernel32.dll+0x1000;leaky.exe!main;leaky.exe!Worker::run 3\n"
            + "libx.so!ns::f<a_b>;0x401000 1\n");
    }

    @Test
    void foldedGroupWithoutStack() {
        var g = new io.handlespy.analysis.LeakGroup(0, 2, java.util.Map.of("Key", 2), 0, 1, List.of(), List.of());
        ExportInput input = new ExportInput(Fixtures.INFO,
            new LeakReport(new TimeWindow(0, 1), Horizon.END, 1, 0, List.of(g)), Fixtures.SERIES);
        assertThat(Fixtures.export(ExportFormat.FOLDED, input)).isEqualTo("[no stack] 2\n");
    }

    @Test
    void jsonIsTheDocumentOfLeaksFormatJson() throws Exception {
        String json = Fixtures.export(ExportFormat.JSON, Fixtures.INPUT);
        assertThat(json).isEqualTo("{\"recording\":\"/tmp/leaky.hspy\",\"window\":{\"from\":1,\"to\":4,\"horizon\":\"end\"},"
            + "\"openBeforeRecording\":2,\"modulesWithoutSymbols\":[\"C:\\\\Windows\\\\System32\\\\kernel32.dll\"],\"groups\":["
            + "{\"count\":3,\"category\":\"kernel\",\"types\":{\"Event\":2,\"Mutant\":1},\"firstCreated\":1.5,\"lastCreated\":2.25,\"stack\":["
            + "{\"address\":\"0x7ff612341234\",\"module\":\"C:\\\\app\\\\leaky.exe\",\"function\":\"Worker::run\",\"file\":\"C:\\\\src\\\\worker.cpp\",\"line\":42},"
            + "{\"address\":\"0x7ff612340100\",\"module\":\"C:\\\\app\\\\leaky.exe\",\"function\":\"main\",\"file\":\"C:\\\\src\\\\worker.cpp\",\"line\":10},"
            + "{\"address\":\"0x7ffa00001000\",\"module\":\"C:\\\\Windows\\\\System32\\\\kernel32.dll\",\"function\":null,\"file\":null,\"line\":null}],"
            + "\"handles\":["
            + "{\"value\":\"0x1a4\",\"type\":\"Event\",\"category\":\"kernel\",\"name\":\"Global\\\\evt,1\",\"createdAt\":1.5,\"thread\":100},"
            + "{\"value\":\"0x1a8\",\"type\":\"Event\",\"category\":\"kernel\",\"name\":\"\",\"createdAt\":2,\"thread\":100},"
            + "{\"value\":\"0x1b0\",\"type\":\"Mutant\",\"category\":\"kernel\",\"name\":\"say \\\"hi\\\"\",\"createdAt\":2.25,\"thread\":101}]},"
            + "{\"count\":1,\"category\":\"kernel\",\"types\":{\"File\":1},\"firstCreated\":3,\"lastCreated\":3,\"stack\":["
            + "{\"address\":\"0x401000\",\"module\":null,\"function\":null,\"file\":null,\"line\":null},"
            + "{\"address\":\"0x7f0000002000\",\"module\":\"/usr/lib/libx.so\",\"function\":\"ns::f<a;b>\",\"file\":null,\"line\":null}],"
            + "\"handles\":[{\"value\":\"0x5\",\"type\":\"File\",\"category\":\"kernel\",\"name\":\"/tmp/a<b>&c\",\"createdAt\":3,\"thread\":7}]}]}\n");

        JsonNode doc = new ObjectMapper().readTree(json);
        assertThat(doc.get("window").get("horizon").asText()).isEqualTo("end");
        assertThat(doc.get("groups")).hasSize(2);
        JsonNode first = doc.get("groups").get(0);
        assertThat(first.get("count").asInt()).isEqualTo(3);
        assertThat(first.get("types").get("Mutant").asInt()).isEqualTo(1);
        assertThat(first.get("firstCreated").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(first.get("stack").get(0).get("function").asText()).isEqualTo("Worker::run");
        assertThat(first.get("handles").get(2).get("name").asText()).isEqualTo("say \"hi\"");
    }

    @Test
    void jsonTimesAreExactToTheNanosecondAndWindowHorizonIsNamed() throws Exception {
        LeakReport r = new LeakReport(new TimeWindow(1, 2_000_000_001L), Horizon.WINDOW, 2_000_000_001L, 0, List.of());
        String json = Fixtures.export(ExportFormat.JSON, new ExportInput(Fixtures.INFO, r, Fixtures.SERIES));
        assertThat(json).isEqualTo("{\"recording\":\"/tmp/leaky.hspy\",\"window\":{\"from\":0.000000001,"
            + "\"to\":2.000000001,\"horizon\":\"window\"},\"openBeforeRecording\":0,\"modulesWithoutSymbols\":[],\"groups\":[]}\n");
    }

    @Test
    void tableListsCountTypesTimesAndInnermostFrame() {
        assertThat(TableFormat.render(Fixtures.REPORT)).isEqualTo("""
            4 handles leaked from 2 stacks (created 1.000 s to 4.000 s, still open at the end of the recording)
            2 handles open before recording and still open are not counted as leaks

            COUNT  TYPES                FIRST (s)  LAST (s)  CREATED AT
                3  Event x2, Mutant x1      1.500     2.250  leaky.exe!Worker::run worker.cpp:42
                1  File x1                  3.000     3.000  0x401000

            No symbols for C:\\Windows\\System32\\kernel32.dll (shown as module+offset; put their PDB or debug files beside them, or set _NT_SYMBOL_PATH on Windows)
            """);
    }

    @Test
    void tableWithoutLeaks() {
        LeakReport none = new LeakReport(new TimeWindow(0, 5 * Fixtures.S), Horizon.WINDOW, 5 * Fixtures.S, 1, List.of());
        assertThat(TableFormat.render(none)).isEqualTo("""
            No leaks: no handle created 0.000 s to 5.000 s is still open at the end of the window
            1 handle open before recording and still open is not counted as leaks
            """);
    }

    @Test
    void formatsNameTheirExtensions() {
        assertThat(ExportFormat.CSV.extension()).isEqualTo("csv");
        assertThat(ExportFormat.JSON.extension()).isEqualTo("json");
        assertThat(ExportFormat.FOLDED.extension()).isEqualTo("folded");
        assertThat(ExportFormat.HTML.extension()).isEqualTo("html");
        assertThat(ExportFormat.fromCliName("Folded")).isEqualTo(ExportFormat.FOLDED);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExportFormat.fromCliName("xml"))
            .hasMessage("unknown export format 'xml'; use csv, json, folded or html");
    }
}
