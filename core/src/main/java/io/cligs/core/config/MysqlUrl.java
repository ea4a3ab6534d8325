package io.cligs.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where the database of record is: {@code mysql://user[:password]@host[:port]/database}.
 * {@link #toString()} masks the password.
 */
public record MysqlUrl(String user, String password, String host, int port, String database) {

    public MysqlUrl {
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("a MySQL URL needs a user (mysql://user@host:port/database)");
        }
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("a MySQL URL needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("MySQL port " + port + " is out of range");
        }
        if (database == null || !database.matches("[A-Za-z0-9_$]{1,64}")) {
            throw new IllegalArgumentException("a MySQL URL needs a database name of [A-Za-z0-9_$], got '" + database + "'");
        }
        password = password == null ? "" : password;
    }

    public static MysqlUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("'" + mask(text) + "' is not a URL (mysql://user@host:port/database)");
        }
        if (!"mysql".equals(uri.getScheme()) && !"mariadb".equals(uri.getScheme())) {
            throw new IllegalArgumentException("'" + mask(text) + "' must start with mysql://");
        }
        String user = null;
        String password = "";
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String db = path.startsWith("/") ? path.substring(1) : path;
        return new MysqlUrl(user, password, uri.getHost(), uri.getPort() < 0 ? 3306 : uri.getPort(), db);
    }

    /** The same server, another database (tests give each class its own). */
    public MysqlUrl withDatabase(String db) {
        return new MysqlUrl(user, password, host, port, db);
    }

    /** JDBC form for Flyway and the loader (never used on an event loop). */
    public String jdbcUrl() {
        return "jdbc:mariadb://" + host + ":" + port + "/" + database;
    }

    /** JDBC form without a database (to create one). */
    public String jdbcServerUrl() {
        return "jdbc:mariadb://" + host + ":" + port + "/";
    }

    /** The URL as {@link EnvVar#CLIG_MYSQL_URL} takes it, password included: print only {@link #toString()}. */
    public String url() {
        return "mysql://" + encode(user) + (password.isEmpty() ? "" : ":" + encode(password)) + "@" + host + ":" + port
                + "/" + database;
    }

    /** The URL with its password masked, as the registry's secret flag asks. */
    @Override
    public String toString() {
        return EnvVar.CLIG_MYSQL_URL.printable(url());
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String mask(String text) {
        return EnvVar.maskUrlPasswords(text);
    }
}
