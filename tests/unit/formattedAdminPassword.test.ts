// The admin password of a deployed secured stack: kept, or refused in check (before any step of the up runs).
import { formattedAdminPasswordProvider as provider } from "../../components/formattedAdminPassword";

const check = (olds: Record<string, unknown>, news: Record<string, unknown>) => provider.check!(olds as never, news as never);

test("the first deployment and an unchanged password pass check", async () => {
  expect(await check({}, { password: "first" })).toEqual({ inputs: { password: "first" }, failures: [] });
  expect((await check({ password: "first" }, { password: "first" })).failures).toEqual([]);
});

test("a changed password is one sentence in check", async () => {
  expect((await check({ password: "first" }, { password: "second" })).failures).toEqual([
    {
      property: "password",
      reason:
        "adminPassword cannot change on a deployed secured stack: the admin credential is written into the cluster's metadata when its storage is first formatted; set adminPassword back to the deployed one, or destroy the stack and its data volumes to start over.",
    },
  ]);
});

test("a password not known until apply is judged when it is known, not before", async () => {
  expect((await check({ password: "first" }, { password: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" })).failures).toEqual([]);
});
