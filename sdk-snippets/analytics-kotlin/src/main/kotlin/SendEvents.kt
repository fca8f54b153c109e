// analytics-kotlin (core, the part Android uses too) pointed at a clickstream collector.
// Run it on the JVM: COLLECTOR_URL=https://… SEGMENT_WRITE_KEY=… gradle run (with ../../../build.gradle.kts)
import com.segment.analytics.kotlin.core.Analytics
import com.segment.analytics.kotlin.core.BaseEvent
import com.segment.analytics.kotlin.core.platform.Plugin
import com.segment.analytics.kotlin.core.platform.plugins.logger.LogMessage
import com.segment.analytics.kotlin.core.platform.plugins.logger.Logger
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.net.URI
import java.util.concurrent.CountDownLatch
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import kotlin.system.exitProcess

/**
 * What an app pastes. The SDK always speaks https:// to both hosts, so the collector needs TLS in front of it.
 * On Android: Analytics(writeKey, applicationContext) { apiHost = …; cdnHost = … } in Application.onCreate().
 */
fun collectorAnalytics(writeKey: String, collectorHost: String): Analytics = Analytics(writeKey) {
    application = "sdk-snippets"           // any non-null value on the JVM
    apiHost = "$collectorHost/v1"         // batches go to https://{apiHost}/b
    cdnHost = "$collectorHost/v1"         // settings come from https://{cdnHost}/projects/{writeKey}/settings,
                                          // and their integrations["Segment.io"].apiHost replaces apiHost
}

fun identifyUser(analytics: Analytics) = analytics.identify("user-123", buildJsonObject {
    put("name", "Jane Doe"); put("email", "jane@example.com"); put("plan", "pro")
})

fun sendTheOtherCalls(analytics: Analytics) {
    analytics.track("Order Completed", buildJsonObject {
        put("order_id", "order-1001"); put("revenue", 99.5); put("currency", "USD")
    })
    analytics.screen("Home")
    analytics.group("company-42", buildJsonObject { put("name", "Example Inc"); put("employees", 42) })
    analytics.alias("member-123") // a new id for this user (say, a new account system); previousId: user-123
}

/** A JVM program exits when main returns, so it waits for the upload; an Android app keeps running and needs none of this. */
fun main() {
    val collector = URI(requireEnv("COLLECTOR_URL")) // e.g. https://collector.example.com
    require(collector.scheme == "https") { "analytics-kotlin only speaks https://" }
    val writeKey = requireEnv("SEGMENT_WRITE_KEY")

    val uploaded = CountDownLatch(1)
    Analytics.debugLogsEnabled = true // the SDK logs each event it writes and each batch it uploads
    Analytics.setLogger(object : Logger {
        override fun parseLog(log: LogMessage) {
            println("analytics-kotlin ${log.kind}: ${log.message}")
            if (log.message.startsWith("Segment.io uploaded ")) uploaded.countDown()
        }
    })
    val analytics = collectorAnalytics(writeKey, collector.authority)
    val queued = LinkedBlockingQueue<String>()
    analytics.add(object : Plugin {
        override val type = Plugin.Type.After
        override lateinit var analytics: Analytics
        override fun execute(event: BaseEvent): BaseEvent {
            println("queued ${event.type.name.lowercase()} ${event.messageId}")
            queued.put(event.messageId)
            return event
        }
    })
    val awaitQueued = { n: Int -> (1..n).all { queued.poll(30, TimeUnit.SECONDS) != null } }

    // The SDK handles calls on background threads and holds them until its settings arrive. A short program waits
    // for the identify to be queued before the calls that take its user id (an app signs in long before), and
    // flushes only once all are queued, or the flush overtakes them.
    val ok = run { identifyUser(analytics); awaitQueued(1) } &&
        run { sendTheOtherCalls(analytics); awaitQueued(4) } &&
        run { analytics.flush(); uploaded.await(30, TimeUnit.SECONDS) }
    analytics.shutdown()
    exitProcess(if (ok) 0 else 1)
}

private fun requireEnv(name: String): String =
    System.getenv(name)?.takeIf { it.isNotBlank() } ?: error("set $name")
