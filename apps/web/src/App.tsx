import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { ShopperApp } from './shopper/ShopperApp.tsx';
import { PageLoading } from './ui/PageLoading.tsx';

// The console is a separate chunk: shoppers on a phone never download charts or the program editor.
const ManagerConsole = lazy(() => import('./manage/ManagerConsole.tsx'));

export function App() {
  return (
    <Routes>
      <Route
        path="/manage/*"
        element={
          <Suspense fallback={<PageLoading label="Loading the console" />}>
            <ManagerConsole />
          </Suspense>
        }
      />
      <Route path="/*" element={<ShopperApp />} />
    </Routes>
  );
}
