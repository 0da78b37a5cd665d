package intelmig.gephi;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.gephi.graph.api.Column;
import org.gephi.graph.api.Edge;
import org.gephi.graph.api.Graph;
import org.gephi.graph.api.GraphController;
import org.gephi.graph.api.GraphModel;
import org.gephi.graph.api.Interval;
import org.gephi.io.importer.api.Container;
import org.gephi.io.importer.api.EdgeMergeStrategy;
import org.gephi.io.importer.api.ImportController;
import org.gephi.io.importer.api.Issue;
import org.gephi.io.importer.api.Report;
import org.gephi.io.processor.plugin.DefaultProcessor;
import org.gephi.project.api.ProjectController;
import org.gephi.project.api.Workspace;
import org.openide.util.Lookup;

/**
 * Import a GEXF or GraphML file with the Gephi Toolkit exactly as Gephi's "Open" does
 * (ImportController, then DefaultProcessor into a new workspace) and print what Gephi holds
 * as one JSON object on stdout: nodes, edges, edge types, time bounds, the issues of the
 * importer and the processor with their level, and the attributes of the edges named with
 * --edge SOURCE,TARGET (so a test can check the yearly values Gephi's timeline plays).
 *
 * Usage: java -cp 'gephi-toolkit-0.10.1-all.jar:classes' intelmig.gephi.ImportReport FILE
 *        [--merge SUM|NO_MERGE|...] [--edge SOURCE,TARGET]...
 * Without --merge, the importer's default strategy is kept (SUM: parallel edges of the
 * same type are merged, as in Gephi's import dialog).
 */
public final class ImportReport {

    private ImportReport() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ImportReport FILE [--merge STRATEGY] [--edge SOURCE,TARGET]...");
            System.exit(2);
        }
        File file = new File(args[0]);
        String merge = null;
        List<String[]> wanted = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if ("--merge".equals(args[i]) && i + 1 < args.length) {
                merge = args[++i];
            } else if ("--edge".equals(args[i]) && i + 1 < args.length) {
                wanted.add(args[++i].split(",", 2));
            } else {
                System.err.println("unknown argument: " + args[i]);
                System.exit(2);
            }
        }
        ProjectController projects = Lookup.getDefault().lookup(ProjectController.class);
        projects.newProject();
        Workspace workspace = projects.getCurrentWorkspace();
        ImportController importer = Lookup.getDefault().lookup(ImportController.class);
        Container container = importer.importFile(file);
        if (container == null) {
            System.out.println("{\"error\": " + quote("Gephi found no importer for " + file) + "}");
            System.exit(1);
        }
        if (merge != null) {
            container.getLoader().setEdgesMergeStrategy(EdgeMergeStrategy.valueOf(merge));
        }
        DefaultProcessor processor = new DefaultProcessor();
        importer.process(container, processor, workspace);

        GraphModel model = Lookup.getDefault().lookup(GraphController.class).getGraphModel(workspace);
        Graph graph = model.getGraph();
        StringBuilder out = new StringBuilder("{");
        out.append("\"file\": ").append(quote(file.getPath()));
        out.append(", \"merge\": ").append(quote(String.valueOf(container.getUnloader().getEdgesMergeStrategy())));
        out.append(", \"nodes\": ").append(graph.getNodeCount());
        out.append(", \"edges\": ").append(graph.getEdgeCount());
        Map<String, Integer> perType = new TreeMap<>();
        for (Edge edge : graph.getEdges()) {
            perType.merge(String.valueOf(edge.getTypeLabel()), 1, Integer::sum);
        }
        out.append(", \"edges_by_type\": {");
        String sep = "";
        for (Map.Entry<String, Integer> entry : perType.entrySet()) {
            out.append(sep).append(quote(entry.getKey())).append(": ").append(entry.getValue());
            sep = ", ";
        }
        out.append("}");
        Interval bounds = model.getTimeBounds();
        boolean timed = bounds != null && !Double.isInfinite(bounds.getLow());
        out.append(", \"time_bounds\": ").append(timed
            ? "[" + number(bounds.getLow()) + ", " + number(bounds.getHigh()) + "]" : "null");
        out.append(", \"issues\": [");
        sep = "";
        for (Report report : new Report[] {container.getReport(), processor.getReport()}) {
            if (report == null) {
                continue;
            }
            for (Issue issue : report.getIssuesList(Integer.MAX_VALUE)) {
                out.append(sep).append("{\"level\": ").append(quote(issue.getLevel().toString()))
                    .append(", \"message\": ").append(quote(issue.getMessage())).append("}");
                sep = ", ";
            }
        }
        out.append("], \"edge_attributes\": [");
        sep = "";
        for (String[] pair : wanted) {
            for (Edge edge : graph.getEdges()) {
                if (!edge.getSource().getId().toString().equals(pair[0])
                    || !edge.getTarget().getId().toString().equals(pair[1])) {
                    continue;
                }
                out.append(sep).append("{\"source\": ").append(quote(pair[0]))
                    .append(", \"target\": ").append(quote(pair[1]))
                    .append(", \"kind\": ").append(quote(String.valueOf(edge.getTypeLabel())));
                for (Column column : model.getEdgeTable()) {
                    Object value = edge.getAttribute(column);
                    if (value != null) {
                        out.append(", ").append(quote(column.getId())).append(": ").append(quote(
                            value instanceof Object[] ? java.util.Arrays.toString((Object[]) value)
                                : value.toString()));
                    }
                }
                out.append("}");
                sep = ", ";
            }
        }
        out.append("]}");
        System.out.println(out);
        System.exit(0);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"': quoted.append("\\\""); break;
                case '\\': quoted.append("\\\\"); break;
                case '\n': quoted.append("\\n"); break;
                case '\r': quoted.append("\\r"); break;
                case '\t': quoted.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
            }
        }
        return quoted.append('"').toString();
    }
}
