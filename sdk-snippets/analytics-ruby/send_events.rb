# analytics-ruby pointed at a clickstream collector: one of each call, then flush.  NOT RUN BY THE BUILD (see README).
# Run it: bundle install && COLLECTOR_HOST=collector.example.com SEGMENT_WRITE_KEY=… bundle exec ruby send_events.rb
require 'segment/analytics'

analytics = Segment::Analytics.new(
  write_key: ENV.fetch('SEGMENT_WRITE_KEY'),
  host: ENV.fetch('COLLECTOR_HOST'), # a host name, no scheme: always HTTPS on port 443 (add port: for another)
  on_error: proc { |status, message| warn "failed: #{status} #{message}" }
)

analytics.identify(user_id: 'user-123', traits: { name: 'Jane Doe', email: 'jane@example.com', plan: 'pro' })
analytics.track(user_id: 'user-123', event: 'Order Completed',
                properties: { order_id: 'order-1001', revenue: 99.5, currency: 'USD' })
analytics.page(user_id: 'user-123', name: 'Pricing', properties: { url: 'https://www.example.com/pricing' })
analytics.screen(user_id: 'user-123', name: 'Home')
analytics.group(user_id: 'user-123', group_id: 'company-42', traits: { name: 'Example Inc', employees: 42 })
analytics.alias(previous_id: 'anon-7f3e', user_id: 'user-123')

analytics.flush # blocks until the queue is sent
