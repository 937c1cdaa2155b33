import { redirect } from "next/navigation";

/** The dashboard opens on the orders workspace. */
export default function Home() {
  redirect("/orders");
}
