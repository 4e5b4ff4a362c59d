// Without Debian's chromium the browser tests fail and say how to install it: never skipped, never a download.
import { launchChromium } from '../../scripts/lib/app-browser.js';

it('refuses a missing Chromium with the command that installs it', async () => {
  await expect(launchChromium('/nonexistent/chromium')).rejects.toThrow(
    "/nonexistent/chromium is missing: install Debian's Chromium (sudo apt-get install -y chromium)",
  );
});
