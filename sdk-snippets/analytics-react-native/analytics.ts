// @segment/analytics-react-native pointed at a clickstream collector.  NOT RUN BY THE BUILD (see README).
// COLLECTOR_URL and SEGMENT_WRITE_KEY are build-time settings (react-native-config, Expo's EXPO_PUBLIC_…, or similar).
import { createClient } from '@segment/analytics-react-native';

const collector = process.env.COLLECTOR_URL!; // e.g. https://collector.example.com (iOS and Android refuse plain http)

export const segment = createClient({
  writeKey: process.env.SEGMENT_WRITE_KEY!,
  proxy: `${collector}/v1`,    // with useSegmentEndpoints, batches go to {proxy}/b
  cdnProxy: `${collector}/v1`, // and settings come from {cdnProxy}/projects/{writeKey}/settings
  useSegmentEndpoints: true,
});

export async function sendOneOfEach() {
  await segment.identify('user-123', { name: 'Jane Doe', email: 'jane@example.com', plan: 'pro' });
  await segment.track('Order Completed', { order_id: 'order-1001', revenue: 99.5, currency: 'USD' });
  await segment.screen('Home');
  await segment.group('company-42', { name: 'Example Inc', employees: 42 });
  await segment.alias('member-123'); // a new id for this user (say, a new account system); previousId: user-123
  await segment.flush();
}
