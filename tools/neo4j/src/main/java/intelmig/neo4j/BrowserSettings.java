package intelmig.neo4j;

import static org.neo4j.configuration.SettingValueParsers.BOOL;

import org.neo4j.configuration.Description;
import org.neo4j.configuration.SettingImpl;
import org.neo4j.configuration.SettingsDeclaration;
import org.neo4j.graphdb.config.Setting;

/**
 * Neo4j Browser settings that Neo4j 5 Community does not declare (Enterprise does).
 *
 * <p>Neo4j Browser asks the server for them on connect ({@code CALL dbms.clientConfig()}
 * lists declared settings by name); an undeclared one counts as "allowed". Registered through
 * META-INF/services/org.neo4j.configuration.SettingsDeclaration.
 */
public final class BrowserSettings implements SettingsDeclaration {
    @Description("Whether Neo4j Browser may connect to hosts other than the Neo4j server "
            + "(product news, remote guides outside the allowlist).")
    public static final Setting<Boolean> allow_outgoing_connections =
            SettingImpl.newBuilder("browser.allow_outgoing_connections", BOOL, false).build();
}
