package dev.chartcheck.server;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A server test whose outcome cannot depend on the database (HTTP headers, tokens, logs, meters, start-up rules): it
 * runs on the embedded database only, and the PostgreSQL run of the server tests ({@code -Ppostgres}) leaves it out.
 * Every other server test runs on both. (The integration tests choose their databases themselves: {@link Database}.)
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("database-independent")
public @interface DatabaseIndependent {}
