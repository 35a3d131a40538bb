/** The demo's logins: printed at every boot of the demo, documented in the README, never for production. */
export const DEMO_MANAGER = { email: 'manager@demo.omniloyal.dev', password: 'demo-manager-2026' } as const;
export const DEMO_SHOPPER = { email: 'shopper@demo.omniloyal.dev', password: 'demo-shopper-2026' } as const;
