import { Component, type ErrorInfo, type ReactNode } from 'react';

/** A page that breaks says so and offers a way back, instead of leaving a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | undefined }> {
  override state = { error: undefined as Error | undefined };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="page-loading" role="alert">
        <div className="card stack-sm" style={{ maxWidth: 420, textAlign: 'center' }}>
          <h2>Something went wrong</h2>
          <p className="muted">This page hit a problem. Your points and rewards are safe.</p>
          <button className="btn btn-primary" onClick={() => window.location.reload()}>Reload</button>
        </div>
      </div>
    );
  }
}
