import { describe, expect, it } from "vitest";
import { w3cDate } from "../../src/generator/sitemap.js";
import { toDateTime } from "../../src/site/schema-structure.js";

// Builder timestamps without a zone mean UTC. vitest.config.ts runs the suite in Asia/Kolkata
// (+05:30) so that one read as local time moves by 5½ hours here instead of passing on UTC CI.
describe("builder timestamps without a zone are UTC", () => {
  it("the suite runs in a zone with a half-hour offset", () => {
    expect(new Date(2024, 0, 1).getTimezoneOffset()).toBe(-330);
  });

  it("post dates in the builder's space form", () => {
    expect(toDateTime("2024-05-01 10:00:00")).toBe("2024-05-01T10:00:00.000Z");
    expect(toDateTime("2024-05-01 23:45")).toBe("2024-05-01T23:45:00.000Z");
    expect(toDateTime("2024-05-01T10:00:00+02:00")).toBe("2024-05-01T08:00:00.000Z");
  });

  it("page updated_at in the sitemap's W3C form", () => {
    expect(w3cDate("2024-05-01 10:00:00")).toBe("2024-05-01T10:00:00+00:00");
    expect(w3cDate("2024-05-01 23:45")).toBe("2024-05-01T23:45:00+00:00");
  });

  it("post dates in the T form without a zone", () => {
    expect(toDateTime("2024-05-01T10:00:00")).toBe("2024-05-01T10:00:00.000Z");
  });
  it("page updated_at in the T form without a zone", () => {
    expect(w3cDate("2024-05-01T10:00:00")).toBe("2024-05-01T10:00:00+00:00");
  });
});
