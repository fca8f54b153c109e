// @segment/analytics-node pointed at a clickstream collector: one of each call, then flush and wait.
// Run it: npm ci && COLLECTOR_URL=https://collector.example.com SEGMENT_WRITE_KEY=… node send-events.mjs
import { Analytics } from '@segment/analytics-node'

const requireEnv = (name) => {
  if (!process.env[name]) throw new Error(`set ${name}`)
  return process.env[name]
}

const analytics = new Analytics({
  writeKey: requireEnv('SEGMENT_WRITE_KEY'),
  host: requireEnv('COLLECTOR_URL'), // the only change from Segment: batches go to {host}/v1/batch (a path in host is dropped)
})

// each callback runs once the collector has answered for that message
const report = (err, ctx) => {
  if (err) {
    console.error(`failed ${ctx?.event.type} ${ctx?.event.messageId}: ${err}`)
    process.exitCode = 1
  } else {
    console.log(`sent ${ctx.event.type} ${ctx.event.messageId}`)
  }
}

analytics.identify({ userId: 'user-123', traits: { name: 'Jane Doe', email: 'jane@example.com', plan: 'pro' } }, report)
analytics.track({
  userId: 'user-123',
  event: 'Order Completed',
  properties: { order_id: 'order-1001', revenue: 99.5, currency: 'USD' },
}, report)
analytics.page({ userId: 'user-123', name: 'Pricing', properties: { url: 'https://www.example.com/pricing' } }, report)
analytics.screen({ userId: 'user-123', name: 'Home' }, report)
analytics.group({ userId: 'user-123', groupId: 'company-42', traits: { name: 'Example Inc', employees: 42 } }, report)
analytics.alias({ userId: 'user-123', previousId: 'anon-7f3e' }, report)

await analytics.closeAndFlush({ timeout: 60_000 }) // sends what is queued, waits for the answers, then lets node exit
