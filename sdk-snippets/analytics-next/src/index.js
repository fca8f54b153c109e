// analytics-next installed from npm and bundled into the site's JavaScript, pointed at a clickstream collector.
// COLLECTOR_URL and SEGMENT_WRITE_KEY come from the build's environment (build.mjs), as a bundler's env variables do.
import { AnalyticsBrowser } from '@segment/analytics-next'

const collector = new URL(process.env.COLLECTOR_URL) // e.g. https://collector.example.com

export const analytics = AnalyticsBrowser.load(
  { writeKey: process.env.SEGMENT_WRITE_KEY, cdnURL: collector.origin }, // settings: {cdnURL}/v1/projects/{writeKey}/settings
  {
    integrations: {
      // events: {protocol}://{apiHost}/t, /p, /i, /g, /a, /s (one request per event)
      'Segment.io': { apiHost: `${collector.host}/v1`, protocol: collector.protocol.replace(':', '') },
    },
  },
)

// one of each call; each promise resolves once the collector has answered
const calls = [
  analytics.page('Pricing'),
  analytics.identify('user-123', { name: 'Jane Doe', email: 'jane@example.com', plan: 'pro' }),
  analytics.track('Order Completed', { order_id: 'order-1001', revenue: 99.5, currency: 'USD' }),
  analytics.group('company-42', { name: 'Example Inc', employees: 42 }),
  analytics.screen('Home'),
  analytics.alias('user-123', 'anon-7f3e'), // an earlier id of this user; without it, previousId is the current user id
]
Promise.all(calls).then((contexts) => {
  for (const ctx of contexts) console.log(`sent ${ctx.event.type} ${ctx.event.messageId}`)
})
