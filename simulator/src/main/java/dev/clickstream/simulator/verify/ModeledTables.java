package dev.clickstream.simulator.verify;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The modeled tables verify compares with the truth, read from the warehouse (schema clickstream, through JDBC). */
public final class ModeledTables {
    public record Session(String sessionKey, String userKey, Instant start, Instant end, int events, int pageViews,
                          boolean bot, int orders, double revenue) {}

    public record FunnelCell(LocalDate day, int step, long users) {}

    public final Map<String, String> events = new HashMap<>();
    public long duplicateRows;
    public final List<Session> sessions = new ArrayList<>();
    public final List<FunnelCell> funnel = new ArrayList<>();
    public final Map<String, Set<String>> flagsByUser = new HashMap<>();
    public final Set<String> links = new HashSet<>();
    /** How many distinct addresses the collector observed (request_ip): 1 when it did not believe the sender's proxy header. */
    public long observedAddresses;

    public static ModeledTables read(String jdbcUrl, String user, String password) {
        ModeledTables w = new ModeledTables();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
            s.setFetchSize(10_000);
            c.setAutoCommit(false); // lets the driver stream with the fetch size
            try (ResultSet r = s.executeQuery("SELECT message_id, user_key FROM clickstream.events")) {
                while (r.next()) {
                    if (w.events.put(r.getString(1), r.getString(2)) != null) w.duplicateRows++;
                }
            }
            try (ResultSet r = s.executeQuery("SELECT session_key, user_key, session_start, session_end, events, page_views,"
                    + " is_bot, orders, revenue FROM clickstream.sessions")) {
                while (r.next()) {
                    w.sessions.add(new Session(r.getString(1), r.getString(2), utc(r, 3), utc(r, 4), r.getInt(5), r.getInt(6), r.getBoolean(7), r.getInt(8), r.getDouble(9)));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT day, step, users FROM clickstream.funnel_daily WHERE funnel = 'ecommerce'")) {
                while (r.next()) w.funnel.add(new FunnelCell(r.getDate(1).toLocalDate(), r.getInt(2), r.getLong(3)));
            }
            try (ResultSet r = s.executeQuery("SELECT user_key, rule FROM clickstream.bot_flags")) {
                while (r.next()) w.flagsByUser.computeIfAbsent(r.getString(1), k -> new HashSet<>()).add(r.getString(2));
            }
            try (ResultSet r = s.executeQuery("SELECT anonymous_id, user_id FROM clickstream.identity_map")) {
                while (r.next()) w.links.add(r.getString(1) + "|" + r.getString(2));
            }
            try (ResultSet r = s.executeQuery("SELECT COUNT(DISTINCT request_ip) FROM clickstream.events")) {
                r.next();
                w.observedAddresses = r.getLong(1);
            }
            c.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the warehouse at " + jdbcUrl + ": " + e.getMessage(), e);
        }
        return w;
    }

    /** The warehouse keeps UTC in TIMESTAMP columns; read them without the JVM's zone getting involved. */
    private static Instant utc(ResultSet r, int column) throws SQLException {
        return r.getObject(column, java.time.LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC);
    }
}
