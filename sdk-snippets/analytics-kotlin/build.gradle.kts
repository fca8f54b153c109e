// The smallest JVM build for SendEvents.kt: COLLECTOR_URL=https://… SEGMENT_WRITE_KEY=… gradle run
// An Android app adds com.segment.analytics.kotlin:android:<version> instead, and keeps the same two settings.
plugins {
    kotlin("jvm") version "2.4.21"
    application
}

repositories { mavenCentral() }

dependencies {
    implementation("com.segment.analytics.kotlin:core:1.25.0")
}

application { mainClass.set("SendEventsKt") }
