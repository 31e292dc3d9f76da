package io.handlespy.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.LeakedHandle;
import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.TimeWindow;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The HTML report parsed strictly (it is well-formed XML by design) and inspected. */
class HtmlExporterTest {
    private static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document doc, String xpath) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODESET);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) out.add(nodes.item(i).getTextContent());
        return out;
    }

    @Test
    void selfContainedWellFormedReportWithEveryStackEscaped() throws Exception {
        String html = Fixtures.export(ExportFormat.HTML, Fixtures.INPUT);
        Document doc = parse(html);

        assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"en\">");
        assertThat(html).doesNotContain("http://", "https://", "<script", "<link", "<img", "src=", "@import", "url(");
        assertThat(html).contains("<svg", "<style>");
        assertThat(texts(doc, "//ol[@class='stack']/li/span[@class='frame']")).containsExactly(
            Fixtures.RUN.display(), Fixtures.MAIN.display(), Fixtures.KERNEL32.display(),
            Fixtures.RAW.display(), Fixtures.TEMPLATE.display());
        assertThat(html).contains("<span class=\"frame\">libx.so!ns::f&lt;a;b&gt;</span>");
        assertThat(html).contains("<td>/tmp/a&lt;b&gt;&amp;c</td>", "<td>say &quot;hi&quot;</td>");
        assertThat(texts(doc, "//table[@class='leaks']/tbody/tr/td[2]")).containsExactly("3", "1");
        assertThat(texts(doc, "//table[@class='handles']/tbody/tr/td[1]")).containsExactly("0x1a4", "0x1a8", "0x1b0", "0x5");
        assertThat(texts(doc, "//table[@class='facts']/tr[th='Process']/td")).containsExactly("C:\\app\\leaky.exe (pid 4242)");
        assertThat(texts(doc, "//table[@class='facts']/tr[th='Note']/td")).containsExactly("unhookable: NtCreateCpuPartition <x>");
    }

    @Test
    void chartShadesTheWindowAndDrawsBothSeries() throws Exception {
        Document doc = parse(Fixtures.export(ExportFormat.HTML, Fixtures.INPUT));
        var xp = XPathFactory.newInstance().newXPath();
        // Series 0..10 s on 832 px from x=56: the 1..4 s window starts at 139.2 and is 249.6 wide.
        assertThat(xp.evaluate("//svg/rect[@class='window']/@x", doc)).isEqualTo("139.2");
        assertThat(xp.evaluate("//svg/rect[@class='window']/@width", doc)).isEqualTo("249.6");
        assertThat(xp.evaluate("//svg/polyline[@class='tracked']/@points", doc)).isEqualTo("56.0,224.0 264.0,153.3 472.0,167.5 888.0,139.2");
        assertThat(xp.evaluate("//svg/polyline[@class='os']/@points", doc)).isEqualTo("56.0,82.7 472.0,12.0");
        assertThat(texts(doc, "//svg/text")).contains("15", "0", "0.000 s", "10.000 s");
    }

    @Test
    void hostileNamesCannotBreakThePage() throws Exception {
        String hostile = "</td></tr></table><script>alert(1)</script>\u0001\uD800'&";
        LeakGroup g = new LeakGroup(3, 1, Map.of(hostile, 1), 0, 0,
            List.of(new StackFrame(1, hostile, 1, hostile, hostile, 3)),
            List.of(new LeakedHandle(1, hostile, hostile, 0, 1)));
        ExportInput input = new ExportInput(Fixtures.INFO,
            new LeakReport(new TimeWindow(0, Fixtures.S), Horizon.END, Fixtures.S, 0, List.of(g)), Fixtures.SERIES);
        String html = Fixtures.export(ExportFormat.HTML, input);
        Document doc = parse(html);
        assertThat(html).doesNotContain("<script");
        String cleaned = "</td></tr></table><script>alert(1)</script>\uFFFD\uFFFD'&";
        assertThat(texts(doc, "//table[@class='handles']/tbody/tr/td[3]")).containsExactly(cleaned);
    }

    @Test
    void emptyReportAndEmptySeriesStillMakeAPage() throws Exception {
        ExportInput input = new ExportInput(Fixtures.INFO,
            new LeakReport(new TimeWindow(0, 0), Horizon.WINDOW, 0, 0, List.of()),
            new io.handlespy.analysis.CountSeries(new TimeWindow(0, 0), List.of(), List.of()));
        String html = Fixtures.export(ExportFormat.HTML, input);
        Document doc = parse(html);
        assertThat(html).doesNotContain("NaN", "Infinity", "<table class=\"leaks\">", "<polyline");
        assertThat(texts(doc, "//h2")).containsExactly("Handle count", "Leaks", "Stacks");
        assertThat(texts(doc, "//h2[.='Leaks']/following-sibling::p[1]"))
            .containsExactly("No leaks: no handle created 0.000 s to 0.000 s is still open at the end of the window.");
    }

    @Test
    void largeGroupsListTheFirstThousandHandles() throws Exception {
        List<LeakedHandle> many = new ArrayList<>();
        for (int i = 0; i < 1500; i++) many.add(new LeakedHandle(i, "Event", "", i, 1));
        LeakGroup g = new LeakGroup(3, 1500, Map.of("Event", 1500), 0, 1499, List.of(Fixtures.RUN), many);
        ExportInput input = new ExportInput(Fixtures.INFO,
            new LeakReport(new TimeWindow(0, Fixtures.S), Horizon.END, Fixtures.S, 0, List.of(g)), Fixtures.SERIES);
        Document doc = parse(Fixtures.export(ExportFormat.HTML, input));
        assertThat(texts(doc, "//table[@class='handles']/tbody/tr")).hasSize(HtmlExporter.HANDLES_SHOWN);
        assertThat(texts(doc, "//section[@id='g1']/details/p")).containsExactly("… and 500 more (the CSV and JSON exports list them all).");
    }
}
